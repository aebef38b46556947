// The Evident Wasm value runtime: every export compiled policies link against (see ../ABI.md).
export { opa_malloc, opa_free, opa_heap_ptr_get, opa_heap_ptr_set } from "./alloc";
export { evident_set_strict, evident_strict, evident_abort, evident_site, evident_site_get } from "./error";
export { opa_json_parse, opa_value_parse, opa_json_dump, opa_value_dump } from "./json";
export { opa_value_compare, evident_equal } from "./compare";
export { opa_value_hash } from "./hash";
export {
  opa_null, opa_boolean, opa_number_int, opa_number_float, opa_number_ref, opa_string, opa_array,
  opa_array_with_cap, opa_object, opa_set, opa_array_append, opa_object_insert, opa_set_add,
  opa_value_type, opa_value_get, opa_value_length, opa_value_iter, evident_is_true,
  evident_iter_next, evident_iter_key, evident_iter_value, evident_object_insert_once,
  evident_object_get_or_insert_object, evident_value_merge, opa_eval_ctx_new,
  opa_eval_ctx_set_input, opa_eval_ctx_set_data, opa_eval_ctx_set_entrypoint,
  opa_eval_ctx_get_result, evident_ctx_input, evident_ctx_data, evident_ctx_entrypoint,
  evident_ctx_set_result, evident_call_builtin0, evident_call_builtin1, evident_call_builtin2,
  evident_call_builtin3, evident_call_builtin4, evident_println, evident_exact_arg,
} from "./api";

// Builtins that run inside Wasm: b_<name with . replaced by _>.
export {
  b_plus, b_mul, b_minus, b_div, b_rem, b_abs, b_round, b_ceil, b_floor, b_numbers_range, b_numbers_range_step, b_bits_or, b_bits_and, b_bits_xor, b_bits_lsh, b_bits_rsh, b_bits_negate, b_to_number, b_format_int,
} from "./builtins/numbers";
export {
  b_equal, b_neq, b_lt, b_lte, b_gt, b_gte, b_is_number, b_is_string, b_is_boolean, b_is_array, b_is_set, b_is_object, b_is_null, b_type_name,
} from "./builtins/compare";
export {
  b_count, b_sum, b_product, b_max, b_min, b_sort, b_all, b_any, b_and, b_or, b_set_diff, b_union, b_intersection, b_internal_member_2, b_internal_member_3,
} from "./builtins/aggregates";
export {
  b_concat, b_contains, b_startswith, b_endswith, b_indexof, b_indexof_n, b_lower, b_upper, b_replace, b_strings_replace_n, b_split, b_substring, b_trim, b_trim_left, b_trim_right, b_trim_prefix, b_trim_suffix, b_trim_space, b_strings_reverse, b_strings_any_prefix_match, b_strings_any_suffix_match, b_strings_count,
} from "./builtins/strings";
export {
  b_object_get, b_object_keys, b_object_remove, b_object_filter, b_object_union, b_object_union_n, b_object_subset, b_array_concat, b_array_slice, b_array_reverse, b_array_flatten, b_walk,
} from "./builtins/objects";
export {
  b_json_marshal, b_json_unmarshal, b_json_is_valid, b_base64_encode, b_base64url_encode, b_base64url_encode_no_pad, b_base64_decode, b_base64_is_valid, b_base64url_decode, b_hex_encode, b_hex_decode,
} from "./builtins/encoding";
export {
  b_sprintf, b_internal_template_string,
} from "./builtins/sprintf";
export {
  b_json_filter, b_json_remove, b_json_patch,
} from "./builtins/jsonpatch";
export {
  b_net_cidr_contains_matches,
} from "./builtins/net";
export {
  b_graph_reachable, b_graph_reachable_paths,
} from "./builtins/graph";
