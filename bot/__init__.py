"""faqbot: the CNIL sandbox FAQ assistant (answering engine, storage and wiring)."""
