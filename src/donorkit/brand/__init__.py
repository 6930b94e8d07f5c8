"""Brands: one _brand.yml drives the PDF stylesheet tokens and the DOCX styles."""

from .loader import find_brand, list_brands, load_brand
from .model import Brand

__all__ = ["Brand", "find_brand", "list_brands", "load_brand"]
