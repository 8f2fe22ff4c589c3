//! Compilation of inputs into a Model with protox.
