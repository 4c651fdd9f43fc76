; inherits: typescript, jsx
; TSX is TypeScript with JSX; everything is inherited. Capture names:
; rlm_code/repo/queries/README.md.
