"""Site-wide package of Linli: settings, home page, site settings, search and demo data."""
