"""EduSphere: an open course marketplace with live, course-scoped chat."""

__version__ = "0.1.0"
