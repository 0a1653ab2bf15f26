; Inno Setup script for Flatspace Desktop on Windows.
; Build the bundle first (python packaging\build.py), then: iscc packaging\windows\flatspace.iss
#define AppVersion "0.1.0"

[Setup]
AppId={{6B2C5E2A-3F0B-4D7B-9C7E-5A1F0E7D9B11}
AppName=Flatspace
AppVersion={#AppVersion}
AppPublisher=Flatspace
DefaultDirName={autopf}\Flatspace
DefaultGroupName=Flatspace
OutputBaseFilename=Flatspace-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\app\flatspace.ico
ChangesAssociations=yes
PrivilegesRequiredOverridesAllowed=dialog
WizardStyle=modern

[Files]
Source: "..\..\dist\flatspace\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Flatspace"; Filename: "{app}\flatspace.exe"
Name: "{autodesktop}\Flatspace"; Filename: "{app}\flatspace.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Registry]
; flatspace:// links open the app (it hands them to a running window)
Root: HKA; Subkey: "Software\Classes\flatspace"; ValueType: string; ValueData: "URL:Flatspace link"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\flatspace"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\flatspace\DefaultIcon"; ValueType: string; ValueData: "{app}\flatspace.exe,0"
Root: HKA; Subkey: "Software\Classes\flatspace\shell\open\command"; ValueType: string; ValueData: """{app}\flatspace.exe"" ""%1"""
; .flatspace files belong to Flatspace; CSV, TSV, XLSX and JSON get it in "Open with"
Root: HKA; Subkey: "Software\Classes\.flatspace"; ValueType: string; ValueData: "Flatspace.Space"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Flatspace.Space"; ValueType: string; ValueData: "Flatspace Space"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Flatspace.Space\DefaultIcon"; ValueType: string; ValueData: "{app}\flatspace.exe,0"
Root: HKA; Subkey: "Software\Classes\Flatspace.Space\shell\open\command"; ValueType: string; ValueData: """{app}\flatspace.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Flatspace.Data\shell\open\command"; ValueType: string; ValueData: """{app}\flatspace.exe"" ""%1"""; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\.csv\OpenWithProgids"; ValueType: string; ValueName: "Flatspace.Data"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.tsv\OpenWithProgids"; ValueType: string; ValueName: "Flatspace.Data"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.xlsx\OpenWithProgids"; ValueType: string; ValueName: "Flatspace.Data"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.json\OpenWithProgids"; ValueType: string; ValueName: "Flatspace.Data"; ValueData: ""; Flags: uninsdeletevalue

[Run]
Filename: "{app}\flatspace.exe"; Description: "Start Flatspace"; Flags: nowait postinstall skipifsilent
