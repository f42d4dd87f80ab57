"""议事: proposals, monthly consultation-day sessions, votes, implementation, evaluation and notices."""
