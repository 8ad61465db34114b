"""Jiayuguan's pure rules: no database, no Flask; every figure explained."""
