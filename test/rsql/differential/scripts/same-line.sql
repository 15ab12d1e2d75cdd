-- a backslash starts the next meta-command on the same line; `\\` ends a command and leaves SQL after it
\echo a \echo b
\echo c \\ \echo d
\echo e \\ select 1 as x;
\foo a \echo f
\echo g \foo \echo h
\set x 1 \echo :x
\x on \x off \echo i
\set y `echo 1` \echo j \\ \echo k
\unset y extra \echo l
\if true \echo m
\endif \echo n
\if false \echo o
\else \echo p
\endif
\echo q\echo r
\set s 'a\b' \echo t :s
\echo 'u \echo v' "w \x" \echo x
\endif \echo after a failed command the line is dropped
select 2 as y \g \echo z
