"""The network service: neighbourhoods, evidence paths, exposure to designated entities and
aggregated ownership under the OFAC 50 % rule, over the store's policy-filtered edges.

Every result is a lead for a human: each edge carries its evidence, marking and hedge, each
score its hop-by-hop explanation, and each result the most restrictive marking of its inputs.
"""

from cordon.graph.errors import GraphError, NotFound
from cordon.graph.exposure import exposure
from cordon.graph.neighbourhood import neighbourhood, paths
from cordon.graph.ownership import ownership

__all__ = ["GraphError", "NotFound", "exposure", "neighbourhood", "ownership", "paths"]
