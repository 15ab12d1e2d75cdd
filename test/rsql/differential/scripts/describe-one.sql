-- \d NAME and \d+ NAME: one relation in detail (psql 15's describeOneTableDetails). The relations are made
-- before the suite by describe-one.setup.sql.
set search_path = dsc_one;
\d dsc_parent
\d+ dsc_parent
\d dsc_child
\d+ dsc_child
\d dsc_v
\d+ dsc_v
\d dsc_seq
\d+ dsc_seq
\d dsc_child_id_seq
\d dsc_child_note
\d+ dsc_parent_pkey
\d dsc_bench*
\d+ dsc_one.dsc_bench_?
\d nothing_here
\d nothing_here extra \\ \echo thrown away with the failed command
\d dsc_seq extra
\d "DSC_PARENT"
\d DSC_SEQ
\d dev.dsc_one.dsc_seq
\d other.dsc_one.dsc_seq
\d a.b.c.d
\dS pg_am
\d+ dsc_meas
\d dsc_meas_2024
\d+ dsc_meas_2024
\d dsc_meas_city
\d dsc_sub
\d+ dsc_sub
\d+ dsc_base
\d+ dsc_unl
\d dsc_unl_id_seq
\d+ dsc_mv
\d dsc_trg
\d+ dsc_trg
\d+ dsc_ex
\d dsc_ex_u_key
\set HIDE_TABLEAM on
\set HIDE_TOAST_COMPRESSION on
\d+ dsc_parent
\unset HIDE_TABLEAM
\unset HIDE_TOAST_COMPRESSION
\echo hidden queries
\set ECHO_HIDDEN on
\d+ dsc_child
\d dsc_child_id_seq
\d+ dsc_v
\d dsc_child_note
\d nothing_here
\set ECHO_HIDDEN noexec
\d dsc_parent
\unset ECHO_HIDDEN
\echo done
