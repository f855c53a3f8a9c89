"""The absence sync tasks: AlexisHR leave into 24SevenOffice absences."""
