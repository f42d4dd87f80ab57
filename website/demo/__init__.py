"""The Chinese demo community: its content, generated illustrations and the loader behind `load_demo`."""
