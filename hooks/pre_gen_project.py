"""Check the answers before cookiecutter writes any file.

Typed answers are checked right after the last question (the "__answers_checked"
step of cookiecutter.json); this hook checks them again for answers replayed from a
file. The check runs while cookiecutter renders this script, in its own process
(local_extensions.refuse_bad_answers, with the rules in hooks/answers.py): a bad
answer stops the bake before the project's folder is filled, and cookiecutter
removes the folder.
"""

# Rendering the next line is the check; when every answer passes, it renders as "#".
# {{ cookiecutter | refuse_bad_answers }}
