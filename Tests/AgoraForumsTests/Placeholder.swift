// In-process handler tests of the function live beside this file.
