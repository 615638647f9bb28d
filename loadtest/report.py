import sys; print("report: TODO")
