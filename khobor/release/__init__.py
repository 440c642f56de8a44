"""Releases: gate runs (`validate`), the atomic write, signing, the Hub, the datasheet."""
