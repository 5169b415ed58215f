"""The bottom layer: helpers every app may use, depending on Django alone and on no app of ours."""
