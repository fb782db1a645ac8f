//! The Monte Carlo forecasting engine (being written).
