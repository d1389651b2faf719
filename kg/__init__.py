"""kg: a knowledge graph of China's cross-border e-commerce and digital-trade policy.

Documents flow one way: load -> normalise -> recognise -> resolve -> relate -> write,
then query or draw. Rules and gazetteers are data in ``extract/``.
"""

__version__ = "0.1.0"
