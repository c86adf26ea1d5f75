"""One Streamlit page script per module; app.py lists them in st.navigation."""
