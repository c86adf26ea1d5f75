"""The disclosure office's Streamlit dashboard over the published warehouse.

Pages live in `dashboard/views/` and stay thin: sidebar filters
(`filters`) → named queries (`data`, the only caller of `warehouse.query`)
→ Plotly figures (`charts`) and tables with downloads (`export`). Every
Chinese label comes from `labels`, which reads `pipelines.template` and
`pipelines.units`.
"""
