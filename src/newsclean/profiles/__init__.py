"""Site profiles: chrome that a site repeats on many pages, learned from a crawl and removed with evidence.

May import the core, stages and judge (a page is learned through the cleaner's own stages); never cli
or engines.
"""
