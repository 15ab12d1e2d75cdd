-- \prompt in a script file reads a line of stdin (its text shown first on stdout); at the end of the input it fails
\prompt 'Your name: ' who
\echo [:who]
\prompt plain
\echo [:plain]
\prompt
\prompt 'x' 'bad name'
\prompt 'at end: ' last
\echo [:last]
