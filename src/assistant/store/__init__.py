"""The index on disk: generations, the build, its lock and the FAISS search."""
