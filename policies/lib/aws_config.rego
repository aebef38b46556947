# METADATA
# title: AWS Config configuration item helpers
# description: |
#   Shared helpers of the AWS Config checks (policies/aws_config/**): the configuration item whatever
#   its shape, `configuration` and `supplementaryConfiguration` values parsed when they are JSON
#   strings, deleted / not-recorded items skipped, and field access under either casing (camelCase
#   for older resource types, PascalCase for CloudFormation-registry types).
#
#   Accepted inputs:
#   - our normalised {"configurationItem": <CI>} (also a change notification, which has the same key);
#   - a raw CI, API shape (`version`, `arn`) or notification shape (`configurationItemVersion`, `ARN`);
#   - a Config rule invocation event: the CI inside the JSON string `invokingEvent`;
#   - an EventBridge "Config Configuration Item Change" event (`detail.configurationItem`).
#
#   Organisation settings are those documented at the top of policies/lib/terraform.rego
#   (classification_tag, phi_classifications, gxp_classifications, regulated_classifications,
#   treat_unclassified_as_regulated, gxp_record_tag, min_rds_backup_retention_days, allowed_cidrs,
#   admin_ports, account_public_access_block), read through data.evident.lib.terraform so both input
#   kinds apply the same values and defaults.
package evident.lib.aws_config

import data.evident.lib.terraform as settings

# ---------------------------------------------------------------------------------------------
# The configuration item, whatever the shape

raw_ci := input.configurationItem if is_object(input.configurationItem)

raw_ci := ci if {
	not is_object(input.configurationItem)
	is_string(input.invokingEvent)
	ci := json.unmarshal(input.invokingEvent).configurationItem
	is_object(ci)
}

raw_ci := input if {
	not is_object(input.configurationItem)
	not is_string(input.invokingEvent)
	is_string(input.resourceType)
}

raw_ci := input.detail.configurationItem if {
	not is_object(input.configurationItem)
	not is_string(input.invokingEvent)
	not is_string(input.resourceType)
	is_object(input.detail.configurationItem)
}

skipped_statuses := {"ResourceDeleted", "ResourceDeletedNotRecorded", "ResourceNotRecorded"}

# The CI when it describes a live resource (deleted / not-recorded items are skipped).
ci := raw_ci if not raw_ci.configurationItemStatus in skipped_statuses

resource_type := ci.resourceType

# `configuration`, parsed when it arrived as a JSON string.
configuration := parsed(ci.configuration)

# `supplementaryConfiguration` with every value parsed when it arrived as a JSON string.
supplementary := {k: parsed(v) | some k, v in parsed(ci.supplementaryConfiguration)}

# A JSON string value parsed (twice when it was encoded twice, as some S3 items are); other values as is.
parsed(v) := v if not json_text(v)

parsed(v) := w if {
	json_text(v)
	w := json.unmarshal(v)
	not json_text(w)
}

parsed(v) := json.unmarshal(w) if {
	json_text(v)
	w := json.unmarshal(v)
	json_text(w)
}

json_text(v) if {
	is_string(v)
	t := trim_left(v, " \t\r\n")
	startswith(t, "{")
}

json_text(v) if {
	is_string(v)
	t := trim_left(v, " \t\r\n")
	startswith(t, "[")
}

json_text(v) if {
	is_string(v)
	t := trim_left(v, " \t\r\n")
	startswith(t, "\"")
	json.is_valid(t)
}

# ---------------------------------------------------------------------------------------------
# Field access under either casing

# obj[name], obj[Name] or obj[name with a lower-case first letter]: the first key present wins.
field(obj, name) := obj[name]

field(obj, name) := obj[pascal(name)] if not has_key(obj, name)

field(obj, name) := obj[camel(name)] if {
	not has_key(obj, name)
	not has_key(obj, pascal(name))
}

# field() along a path of names (up to 6 steps); array indexes are taken as is.
get(obj, path) := v if {
	count(path) == 1
	v := step(obj, path[0])
}

get(obj, path) := v if {
	count(path) == 2
	v := step(step(obj, path[0]), path[1])
}

get(obj, path) := v if {
	count(path) == 3
	v := step(step(step(obj, path[0]), path[1]), path[2])
}

get(obj, path) := v if {
	count(path) == 4
	v := step(step(step(step(obj, path[0]), path[1]), path[2]), path[3])
}

get(obj, path) := v if {
	count(path) == 5
	v := step(step(step(step(step(obj, path[0]), path[1]), path[2]), path[3]), path[4])
}

get(obj, path) := v if {
	count(path) == 6
	v := step(step(step(step(step(step(obj, path[0]), path[1]), path[2]), path[3]), path[4]), path[5])
}

step(obj, k) := field(obj, k) if is_string(k)

step(arr, i) := arr[i] if is_number(i)

# A field of `configuration` (path of names), under either casing; undefined when absent or null.
conf(path) := v if {
	v := get(configuration, path)
	v != null
}

# A field of `supplementaryConfiguration`, under either casing; undefined when absent or null.
supp(path) := v if {
	v := get(supplementary, path)
	v != null
}

has_key(obj, k) if {
	is_object(obj)
	_ = obj[k]
}

pascal(s) := concat("", [upper(substring(s, 0, 1)), substring(s, 1, -1)])

camel(s) := concat("", [lower(substring(s, 0, 1)), substring(s, 1, -1)])

# ---------------------------------------------------------------------------------------------
# Values

is_true(v) if settings.is_true(v)

is_false(v) if settings.is_false(v)

non_empty(v) if settings.non_empty(v)

# A KMS key reference that is set and not an AWS-managed alias (alias/aws/...).
customer_key(k) if {
	settings.non_empty(k)
	not settings.aws_managed_key(k)
}

as_array(x) := x if is_array(x)

as_array(x) := [x] if {
	not is_array(x)
	x != null
}

as_array(null) := []

# ---------------------------------------------------------------------------------------------
# Identity, tags and classification

# A name for messages: resourceName, else resourceId, else the ARN.
name := ci.resourceName if settings.non_empty(ci.resourceName)

name := ci.resourceId if {
	not settings.non_empty(ci.resourceName)
	settings.non_empty(ci.resourceId)
}

name := arn if {
	not settings.non_empty(ci.resourceName)
	not settings.non_empty(ci.resourceId)
	arn := object.get(ci, "arn", object.get(ci, "ARN", "(unnamed)"))
}

# Display: `AWS::S3::Bucket "logs"`.
display := sprintf("%s %q", [resource_type, name])

# Tags: the CI's tags map, plus Tags/tags lists of {Key, Value} in configuration.
tags := object.union(config_tags, ci_tags)

ci_tags := t if {
	t := ci.tags
	is_object(t)
}

default ci_tags := {}

config_tags := {k: v |
	some t in as_array(field(configuration, "tags"))
	is_object(t)
	k := field(t, "key")
	v := field(t, "value")
}

classification := lower(c) if {
	c := tags[settings.classification_tag]
	settings.non_empty(c)
}

classified_regulated if classification in settings.regulated_classifications

regulated if classified_regulated

regulated if {
	not classification
	settings.treat_unclassified_as_regulated == true
}

gxp_record if settings.is_true(tags[settings.gxp_record_tag])

gxp_record if lower(tags[settings.gxp_record_tag]) == "yes"
