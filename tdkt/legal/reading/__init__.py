"""Read tracking (theo dõi đọc văn bản): the department assigns documents of the legal library
to read, staff confirm they read them, units and the department follow progress."""
