"""Invariants computed from the equations: periods, Lyapunov exponents, annotations."""
