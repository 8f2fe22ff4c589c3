//! Inputs: buf input syntax, git trees and images.
