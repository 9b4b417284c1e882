"""SCDT Marketplace: the platform of the Smart City Digital Twin network."""

__version__ = "0.1.0"
