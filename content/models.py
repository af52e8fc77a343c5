# The educational library's models arrive with their own issue (topics, articles,
# revisions and review). The app exists now so the layout is complete.
