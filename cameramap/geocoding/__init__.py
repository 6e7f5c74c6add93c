"""Geocoding: an offline gazetteer by default, online providers (Nominatim, Photon) when configured."""
