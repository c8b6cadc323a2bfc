{{/* Chart name, overridable. */}}
{{- define "integration-service.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name (max 63). CronJob names add a store and job; see cronJobName. */}}
{{- define "integration-service.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "integration-service.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "integration-service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "integration-service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "integration-service.labels" -}}
helm.sh/chart: {{ include "integration-service.chart" . }}
{{ include "integration-service.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: integration-service
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* The jobs' ServiceAccount; validate refuses create=false without a name. */}}
{{- define "integration-service.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "integration-service.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The Secret the jobs read: secret.existingSecret, or the chart's own, a plain release object
named "<fullname>-credentials" (see secret.yaml and migration-secret.yaml for why not "<fullname>").
*/}}
{{- define "integration-service.secretName" -}}
{{- default (printf "%s-credentials" (include "integration-service.fullname" . | trunc 51 | trimSuffix "-")) .Values.secret.existingSecret }}
{{- end }}

{{/* Where the migration hook reads DATABASE_URL: the hook's own Secret unless one is managed outside. */}}
{{- define "integration-service.migrationSecretName" -}}
{{- default (include "integration-service.fullname" .) .Values.secret.existingSecret }}
{{- end }}

{{/* [global.imageRegistry or image.registry/]repository, then @digest or :tag. */}}
{{- define "integration-service.image" -}}
{{- $registry := default .Values.image.registry ((.Values.global | default dict).imageRegistry) }}
{{- $repository := .Values.image.repository }}
{{- if $registry }}
{{- $repository = printf "%s/%s" (trimSuffix "/" $registry) $repository }}
{{- end }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" $repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Refuses values that would install a broken or unsafe release; rendered by templates/validate.yaml
so both `helm install` and `helm template` stop with the message.
*/}}
{{- define "integration-service.validate" -}}
{{- $names := dict }}
{{- $keys := dict }}
{{- range $store := .Values.stores }}
{{- if hasKey $names $store.name }}
{{- fail (printf "stores: two stores are named %q; names must be unique (each names its CronJobs and its token key in the Secret, so one store would run with the other's token)" $store.name) }}
{{- end }}
{{- $_ := set $names $store.name true }}
{{- $key := include "integration-service.accessTokenKey" $store }}
{{- if hasKey $keys $key }}
{{- fail (printf "stores: %q and %q use the same accessTokenKey %q; each store needs its own token" (get $keys $key) $store.name $key) }}
{{- end }}
{{- $_ := set $keys $key $store.name }}
{{- end }}
{{- if and (not .Values.serviceAccount.create) (not .Values.serviceAccount.name) }}
{{- fail "serviceAccount.name is required when serviceAccount.create is false: the jobs' Role (Leases) would otherwise be bound to the namespace's \"default\" service account, which every other pod there uses" }}
{{- end }}
{{- end }}

{{/* The two scheduled jobs: subcommand => values key under .Values.jobs. */}}
{{- define "integration-service.jobKeys" -}}
sync-to-shopify: syncToShopify
sync-orders: syncOrders
sync-inventory: syncInventory
{{- end }}

{{/*
"true" when a store runs the job: sync-inventory only where `enabled` (jobs.syncInventory, or the
store's jobs.syncInventory override) is true; every other job always. Args: dict "root" $ "store"
<store> "key" <jobs key>.
*/}}
{{- define "integration-service.jobOn" -}}
{{- $settings := mergeOverwrite (deepCopy (get .root.Values.jobs .key)) (get (.store.jobs | default dict) .key | default dict) }}
{{- if hasKey $settings "enabled" }}{{ $settings.enabled }}{{ else }}true{{ end }}
{{- end }}

{{/* Secret key of a store's Shopify token. Arg: the store. */}}
{{- define "integration-service.accessTokenKey" -}}
{{- default (printf "shopify-access-token-%s" .name) .accessTokenKey }}
{{- end }}

{{/*
CronJob name, at most 52 characters (the CronJob controller appends an 11-character suffix to
make Job names). "<fullname>-<store>-<job>"; when too long, the "<fullname>-<store>" part is cut
and gets '-' + 8 hex of its sha256, so two long names still differ.
Args: dict "root" $ "store" <store> "job" <subcommand>.
*/}}
{{- define "integration-service.cronJobName" -}}
{{- $base := printf "%s-%s" (include "integration-service.fullname" .root) .store.name }}
{{- $max := int (sub 51 (len .job)) }}
{{- if gt (len $base) $max }}
{{- $base = printf "%s-%s" (trunc (int (sub $max 9)) $base | trimSuffix "-") (sha256sum $base | trunc 8) }}
{{- end }}
{{- printf "%s-%s" $base .job }}
{{- end }}

{{/*
Name of a manually created Job: "<cronjob>-manual-<10-digit epoch>" must stay a 63-character
label value (Job names become the job-name label), so the CronJob part is cut to 45.
Arg: the CronJob name.
*/}}
{{- define "integration-service.manualJobPrefix" -}}
{{- printf "%s-manual" (trunc 45 . | trimSuffix "-") }}
{{- end }}

{{/*
Lease (lock) name of one job for one shop. src/domain/lock-name.ts implements the same
algorithm; keep them identical: lowercase, anything outside [a-z0-9-] becomes '-', the shop slug
drops ".myshopify.com"; names over 63 characters are cut to 54 and get '-' + the first 8 hex
characters of sha256 of the full (sanitised) name.
Args: dict "shop" <shop domain> "job" <subcommand>.
*/}}
{{- define "integration-service.leaseName" -}}
{{- $slug := .shop | lower | trimSuffix ".myshopify.com" }}
{{- $name := regexReplaceAll "[^a-z0-9-]" (printf "integration-service-%s-%s" .job $slug | lower) "-" }}
{{- if gt (len $name) 63 }}
{{- printf "%s-%s" (trunc 54 $name) (sha256sum $name | trunc 8) }}
{{- else }}
{{- $name }}
{{- end }}
{{- end }}

{{/* values key => environment variable, for config and stores[].config. */}}
{{- define "integration-service.envNames" -}}
shopifyApiVersion: SHOPIFY_API_VERSION
apixBaseUrl: APIX_BASE_URL
pushgatewayUrl: PUSHGATEWAY_URL
lockBackend: LOCK_BACKEND
lockLeaseSeconds: LOCK_LEASE_SECONDS
logLevel: LOG_LEVEL
syncArchiveStatus: SYNC_ARCHIVE_STATUS
syncBulkThreshold: SYNC_BULK_THRESHOLD
syncMaxFailureRatio: SYNC_MAX_FAILURE_RATIO
syncMaxArchiveRatio: SYNC_MAX_ARCHIVE_RATIO
syncFullDeletionCheckHours: SYNC_FULL_DELETION_CHECK_HOURS
shopifyConcurrency: SHOPIFY_CONCURRENCY
inventoryLocations: INVENTORY_LOCATIONS
inventoryReconcileHours: INVENTORY_RECONCILE_HOURS
ordersBackfillDays: ORDERS_BACKFILL_DAYS
ordersOverlapSeconds: ORDERS_OVERLAP_SECONDS
ordersPushConcurrency: ORDERS_PUSH_CONCURRENCY
ordersMaxAttempts: ORDERS_MAX_ATTEMPTS
ordersSkipTest: ORDERS_SKIP_TEST
ordersCustomerFields: ORDERS_CUSTOMER_FIELDS
apixTimeoutMs: APIX_TIMEOUT_MS
shutdownTimeoutSeconds: SHUTDOWN_TIMEOUT_SECONDS
retentionDays: RETENTION_DAYS
shipmentsEnabled: SHIPMENTS_ENABLED
shipmentsNotifyCustomer: SHIPMENTS_NOTIFY_CUSTOMER
{{- end }}

{{/*
A config value as an environment variable string. Helm reads numbers as float64, which would
print 2000000 as "2e+06"; whole numbers are printed as integers.
*/}}
{{- define "integration-service.envValue" -}}
{{- if and (kindIs "float64" .) (eq . (floor .)) }}
{{- int64 . | toString }}
{{- else }}
{{- toString . }}
{{- end }}
{{- end }}

{{/* restricted pod security, volumes and scheduling shared by every pod. Arg: root. */}}
{{- define "integration-service.podCommon" -}}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . | quote }}
{{- end }}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
  {{- with .Values.extraVolumes }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end }}

{{/* Mounts of every container: /tmp (the root filesystem is read-only) and extraVolumeMounts. Arg: root. */}}
{{- define "integration-service.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- with .Values.extraVolumeMounts }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* envFrom of a job container: the chart's ConfigMap, then extraEnvFrom. Arg: root. */}}
{{- define "integration-service.envFrom" -}}
- configMapRef:
    name: {{ include "integration-service.fullname" . }}
{{- with .Values.extraEnvFrom }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Environment of a store's job container, shared by its CronJobs and its operations pods.
Args: dict "root" $ "store" <store>.
*/}}
{{- define "integration-service.storeEnv" -}}
{{- $root := .root }}
{{- $store := .store }}
{{- $secretName := include "integration-service.secretName" $root }}
{{- $envNames := include "integration-service.envNames" $root | fromYaml }}
- name: SHOPIFY_SHOP
  value: {{ $store.shop | quote }}
- name: SHOPIFY_ACCESS_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $secretName }}
      key: {{ include "integration-service.accessTokenKey" $store }}
{{ include "integration-service.secretEnv" $root }}
- name: APIX_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $secretName }}
      key: {{ $root.Values.secret.keys.apixToken }}
# Lock holder identity and the Lease namespace. The identity is the Job's name (a label the Job
# controller puts on its pods), so the Job's retry pod takes over a Lease its killed predecessor
# still holds instead of being skipped behind it; POD_NAME is the fallback outside a Job.
- name: JOB_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.labels['batch.kubernetes.io/job-name']
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
{{- /* Store overrides win over the ConfigMap (env beats envFrom). */}}
{{- range $k, $v := ($store.config | default dict) }}
{{- if not (kindIs "invalid" $v) }}
- name: {{ get $envNames $k }}
  value: {{ include "integration-service.envValue" $v | quote }}
{{- end }}
{{- end }}
{{- with $root.Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "integration-service.secretEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "integration-service.secretName" . }}
      key: {{ .Values.secret.keys.databaseUrl }}
{{- end }}

{{/*
Operations pods: `kubectl run` of the image with a store's job environment, the jobs' service
account and pod security, for status, errors, orders, resync, migrate status and doctor. The
name prefix leaves room for "-<10-digit epoch>" within 63 characters (the container is named
after the pod). Args: dict "root" $ "store" <store>.
*/}}
{{- define "integration-service.opsPodPrefix" -}}
{{- include "integration-service.cronJobName" (dict "root" .root "store" .store "job" "ops") }}
{{- end }}

{{/*
The JSON patch (RFC 6902) that turns the pod `kubectl run` generates into an operations pod.
Environment entries are appended (".../env/-") so the USER the command line adds for the audit
line of `orders retry` stays. Single quotes are escaped so the JSON fits in '...' in a shell.
Args: dict "root" $ "store" <store>.
*/}}
{{- define "integration-service.opsOverrides" -}}
{{- $root := .root }}
{{- $store := .store }}
{{- /* Not Helm's: no managed-by or chart label. The selector labels keep NetworkPolicy rules. */}}
{{- $labels := include "integration-service.selectorLabels" $root | fromYaml }}
{{- $labels = merge $labels (dict "app.kubernetes.io/component" "ops" "integration-service/store" $store.name "app.kubernetes.io/part-of" "integration-service") ($root.Values.commonLabels | default dict) ($root.Values.podLabels | default dict) }}
{{- $ops := list (dict "op" "add" "path" "/metadata/labels" "value" $labels) }}
{{- with $root.Values.podAnnotations }}
{{- $ops = append $ops (dict "op" "add" "path" "/metadata/annotations" "value" .) }}
{{- end }}
{{- $ops = append $ops (dict "op" "add" "path" "/spec/serviceAccountName" "value" (include "integration-service.serviceAccountName" $root)) }}
{{- $ops = append $ops (dict "op" "add" "path" "/spec/automountServiceAccountToken" "value" true) }}
{{- range $key, $value := include "integration-service.podCommon" $root | fromYaml }}
{{- $ops = append $ops (dict "op" "add" "path" (printf "/spec/%s" $key) "value" $value) }}
{{- end }}
{{- $c := "/spec/containers/0" }}
{{- $ops = append $ops (dict "op" "add" "path" (printf "%s/command" $c) "value" (list "node" "/app/dist/src/cli/main.js")) }}
{{- $ops = append $ops (dict "op" "add" "path" (printf "%s/imagePullPolicy" $c) "value" $root.Values.image.pullPolicy) }}
{{- $ops = append $ops (dict "op" "add" "path" (printf "%s/envFrom" $c) "value" (include "integration-service.envFrom" $root | fromYamlArray)) }}
{{- range $env := include "integration-service.storeEnv" (dict "root" $root "store" $store) | fromYamlArray }}
{{- $ops = append $ops (dict "op" "add" "path" (printf "%s/env/-" $c) "value" $env) }}
{{- end }}
{{- $ops = append $ops (dict "op" "add" "path" (printf "%s/securityContext" $c) "value" $root.Values.containerSecurityContext) }}
{{- $ops = append $ops (dict "op" "add" "path" (printf "%s/resources" $c) "value" $root.Values.jobs.syncOrders.resources) }}
{{- $ops = append $ops (dict "op" "add" "path" (printf "%s/volumeMounts" $c) "value" (include "integration-service.volumeMounts" $root | fromYamlArray)) }}
{{- toJson $ops | replace "'" "\\u0027" }}
{{- end }}

{{/* The shell function that runs one subcommand in an operations pod. Args: dict "root" $ "store" <store>. */}}
{{- define "integration-service.opsFunction" -}}
{{- $root := .root }}
{{- printf "%s-%s" $root.Release.Name .store.name }}() { kubectl run "{{ include "integration-service.opsPodPrefix" . }}-$(date +%s)" -n {{ $root.Release.Namespace }} --image={{ include "integration-service.image" $root }} --restart=Never --rm -i --quiet --env="USER=$(id -un)" --override-type=json --overrides='{{ include "integration-service.opsOverrides" . }}' -- "$@"; }
{{- end }}

{{/*
A store's schedule for one job. An explicit stores[].jobs.<job>.schedule is used as written.
Otherwise, with scheduling.stagger, the default schedule is moved by the store's position in
`stores` so that hundreds of stores from one release do not all start in the same minute (the
CronJob controller starts them together and each opens its database pool at once). Deterministic,
not random, so `helm upgrade` never moves a store's schedule; appending stores never moves others.
  - minute field "every P minutes" (star, slash, P): store k runs at minutes (k mod P), (k mod P)+P, ... - the
    stores spread evenly over the period, at most ceil(stores/P) starts of this job per minute.
  - minute M and hour H numbers, day fields "* * *" (daily): store k runs floor(k / max) minutes
    later (max = scheduling.maxStartsPerMinute), wrapping at midnight: at most `max` per minute.
  - minute M, hour "*" (hourly): the same shift within the hour.
Any other form is left as written, and so is the first store's (a one-store release keeps its
schedules on upgrade). Args: dict "root" $ "store" <store> "index" <k> "key" <jobs key>
"settings" <merged job settings>.
*/}}
{{- define "integration-service.schedule" -}}
{{- $override := get (.store.jobs | default dict) .key | default dict }}
{{- $schedule := .settings.schedule }}
{{- $scheduling := .root.Values.scheduling | default dict }}
{{- if or (hasKey $override "schedule") (not $scheduling.stagger) }}
{{- $schedule }}
{{- else }}
{{- $fields := splitList " " (regexReplaceAll "\\s+" (trim $schedule) " ") }}
{{- $k := int .index }}
{{- $max := int (max 1 (int $scheduling.maxStartsPerMinute)) }}
{{- if and (eq (len $fields) 5) (regexMatch "^\\*/[0-9]+$" (index $fields 0)) }}
{{- $period := int (trimPrefix "*/" (index $fields 0)) }}
{{- $offset := mod $k $period }}
{{- if eq $offset 0 }}{{ $schedule }}{{ else }}{{ printf "%d-59/%d %s" $offset $period (rest $fields | join " ") }}{{ end }}
{{- else if and (eq (len $fields) 5) (regexMatch "^[0-9]+$" (index $fields 0)) (regexMatch "^[0-9]+$" (index $fields 1)) (eq (slice $fields 2 | join " ") "* * *") }}
{{- $at := mod (add (mul (int (index $fields 1)) 60) (int (index $fields 0)) (div $k $max)) 1440 }}
{{- printf "%d %d * * *" (mod $at 60) (div $at 60) }}
{{- else if and (eq (len $fields) 5) (regexMatch "^[0-9]+$" (index $fields 0)) (eq (index $fields 1) "*") }}
{{- printf "%d %s" (mod (add (int (index $fields 0)) (div $k $max)) 60) (rest $fields | join " ") }}
{{- else }}
{{- $schedule }}
{{- end }}
{{- end }}
{{- end }}
