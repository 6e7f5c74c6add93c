"""Who watches: operators, vendors, their claims and documents, letters, comparisons."""
