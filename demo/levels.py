"""The levels of the demo company's hierarchy, top down, with their grade and age ranges."""

CEO, HEAD, DIRECTOR, MANAGER, STAFF, JUNIOR = (
    "ceo",
    "head",
    "director",
    "manager",
    "staff",
    "junior",
)
GRADES = {
    CEO: (20, 20),
    HEAD: (17, 19),
    DIRECTOR: (14, 16),
    MANAGER: (10, 13),
    STAFF: (6, 9),
    JUNIOR: (1, 5),
}
AGES = {
    CEO: (58, 63),
    HEAD: (47, 63),
    DIRECTOR: (40, 62),
    MANAGER: (31, 60),
    STAFF: (25, 62),
    JUNIOR: (21, 30),
}
JUNIOR_SHARE = 0.35  # of the people without reports
