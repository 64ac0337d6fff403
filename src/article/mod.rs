//! Finding the article in a page (work in progress).
