"""Page bodies too long for a page file: small render functions per tab or panel."""
