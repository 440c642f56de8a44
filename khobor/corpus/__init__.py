"""What only the whole corpus tells: furniture, duplicate clusters, splits."""
