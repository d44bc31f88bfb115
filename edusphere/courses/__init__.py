"""Courses: authoring, the catalog, enrollment and progress, reviews."""
