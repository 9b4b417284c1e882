"""Every change the matching app makes (documents, feedback, the gap assessment).

``documents`` keeps the match documents and vectors in step with the items;
``recommendations`` is the one way to ask the engine; ``panels`` composes what each page
shows; ``feedback`` records verdicts; ``gap`` assesses demand against supply.
"""
