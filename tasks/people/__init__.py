"""The people both syncs share: AlexisHR employees in scope, their frames and quarantine."""
