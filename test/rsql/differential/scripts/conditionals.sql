-- \if on booleans, \elif, \else, nesting, skipped branches.
\set flag on
\if :flag
  \echo flag is on
\else
  \echo flag is off
\endif
\set flag false
\if :flag
  \echo not printed
\elif true
  \echo elif taken
  \if false
    \echo nested not printed
    select 'never' as x;
  \else
    select 'nested else' as branch;
  \endif
\else
  \echo else not taken
\endif
\if yes
  \if 0
    \echo no
  \endif
  \echo yes branch
\endif
select 'after' as done;
