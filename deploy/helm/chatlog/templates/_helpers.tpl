{{/* The chart's name. */}}
{{- define "chatlog.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name, at most 52 characters: CronJob names leave room for a suffix. */}}
{{- define "chatlog.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* The labels of every object. */}}
{{- define "chatlog.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "chatlog.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "chatlog.selectorLabels" -}}
app.kubernetes.io/name: {{ include "chatlog.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "chatlog.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "chatlog.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The secret an ExternalSecret fills. */}}
{{- define "chatlog.secretName" -}}
{{- printf "%s-credentials" (include "chatlog.fullname" .) }}
{{- end }}

{{- define "chatlog.storeUri" -}}
{{- default "file:///data/store" .Values.store.uri }}
{{- end }}
