"""Data files shipped with the package (a package, so setuptools puts them in the wheel)."""
