"""The Qt-free core: domain, storage, import/export and the service layer."""
