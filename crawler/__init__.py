"""tinhoatdong: archive the "Tin hoạt động" of Vietnam's provincial Departments of Information and
Communications (Sở Thông tin và Truyền thông)."""
