//! Unit tests of the sync logic with recorded server answers.
