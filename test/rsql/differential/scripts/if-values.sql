-- \if and \elif values psql cannot read as a boolean: reported, the branch not taken, the command not failed
-- (ON_ERROR_STOP goes on); no value at all, several words, an unset variable
\if
  \echo not printed
\else
  \echo empty is false
\endif
\if yes please
  \echo not printed
\elif :not_set
  \echo not printed
\elif
  \echo not printed
\else
  \echo words are false
\endif
\if :not_set
  \echo not printed
\endif
select 'after' as done;
