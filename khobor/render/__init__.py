"""What a release says about itself: the dataset card, the Croissant file, escaping, templates."""
