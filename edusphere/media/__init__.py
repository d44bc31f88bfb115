"""Uploaded media: images (covers, avatars, lesson images) made safe and responsive with Pillow,
lesson videos and files served to those who may see them, content-addressed storage."""
