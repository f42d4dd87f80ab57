"""The public site of the consultation process: pages, forms, feeds and their URLs."""
