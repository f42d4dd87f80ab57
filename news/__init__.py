"""Community news: articles, categories, tags and the RSS feed."""
